import { describe, expect, it } from "vitest";
import { messageText } from "./message-text";
import { describeAudience, recipientAddresses } from "./recipients";

const isMobile = (value: string) => /^1\d{10}$/.test(value);
const directory = [
  { role: "supervisor", warehouse: "HZ1", address: "13800000001" },
  { role: "supervisor", address: "13800000002" },
  { user: "u-7", address: "13800000007" },
  { role: "supervisor", warehouse: "HZ1", address: "13800000001" },
];

describe("recipientAddresses", () => {
  it("takes the entries that have every part the audience names, once each", () => {
    expect(recipientAddresses(directory, { role: "supervisor" }, isMobile)).toEqual(["13800000001", "13800000002"]);
    // An entry without a warehouse is not taken to be in every warehouse.
    expect(recipientAddresses(directory, { role: "supervisor", warehouse: "HZ1" }, isMobile)).toEqual(["13800000001"]);
    expect(recipientAddresses(directory, { user: "u-7" }, isMobile)).toEqual(["13800000007"]);
    expect(recipientAddresses(directory, { role: "picker" }, isMobile)).toEqual([]);
  });

  it("uses a user that already is an address (a buyer's phone from the order), and ignores what is not one", () => {
    expect(recipientAddresses(undefined, { user: "13900001111" }, isMobile)).toEqual(["13900001111"]);
    expect(recipientAddresses(directory, { user: null, role: 5 }, isMobile)).toEqual([]);
    expect(recipientAddresses(directory, "supervisor", isMobile)).toEqual([]);
  });

  it("describes an audience for error messages", () => {
    expect(describeAudience({ role: "supervisor", warehouse: "HZ1" })).toBe("role supervisor, warehouse HZ1");
    expect(describeAudience({})).toMatch(/^nobody/);
  });
});

describe("messageText", () => {
  it("picks the installation's language, the other when it is missing or blank, and refuses no text at all", () => {
    expect(messageText({ zh: "超时", en: "Late" }, "en")).toBe("Late");
    expect(messageText({ zh: "超时", en: " " }, "en")).toBe("超时");
    expect(messageText({ en: "Late" })).toBe("Late");
    expect(() => messageText({}, "zh")).toThrow(/no text in Chinese or English/);
  });
});
