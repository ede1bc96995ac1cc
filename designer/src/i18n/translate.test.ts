import { describe, expect, it } from "vitest";
import { CATALOGUES, initialLanguage, LANGUAGES, pickText, placeholdersOf, translate } from "./translate";

describe("the message catalogues", () => {
  const keys = (language: "zh" | "en") => Object.keys(CATALOGUES[language]).sort();

  it("have the same keys in Chinese and English", () => {
    expect(keys("zh")).toEqual(keys("en"));
  });

  it("have a text for every key in both languages, with the same placeholders", () => {
    for (const key of keys("en") as (keyof (typeof CATALOGUES)["en"])[]) {
      for (const language of LANGUAGES) expect(CATALOGUES[language][key].trim(), `${language} ${key}`).not.toBe("");
      expect(placeholdersOf(CATALOGUES.zh[key]), key).toEqual(placeholdersOf(CATALOGUES.en[key]));
    }
  });

  it("are really translated: Chinese texts with letters of their own differ from the English", () => {
    const same = keys("en").filter((key) => {
      const k = key as keyof (typeof CATALOGUES)["en"];
      return /[a-z]{3}/i.test(CATALOGUES.en[k].replace(/\{\w+\}/g, "")) && CATALOGUES.zh[k] === CATALOGUES.en[k];
    });
    // The product's name and "SKU" read the same in both.
    expect(same).toEqual(["app.name", "order.sku"]);
  });
});

describe("translate", () => {
  it("fills placeholders and leaves a missing one visible", () => {
    expect(translate(CATALOGUES.en, "order.title", { id: "DB1" })).toBe("Order DB1");
    expect(translate(CATALOGUES.zh, "order.title", { id: "DB1" })).toBe("订单 DB1");
    expect(translate(CATALOGUES.en, "order.title")).toBe("Order {id}");
  });
});

describe("pickText", () => {
  it("takes the language asked for, else the other, else the plain text", () => {
    expect(pickText({ zh: "待拣货", en: "Picking" }, "zh")).toBe("待拣货");
    expect(pickText({ zh: "待拣货", en: "Picking" }, "en")).toBe("Picking");
    expect(pickText({ zh: "待拣货" }, "en")).toBe("待拣货");
    expect(pickText("Pick", "zh")).toBe("Pick");
    expect(pickText(null, "zh")).toBe("");
  });
});

describe("initialLanguage", () => {
  it("keeps the stored choice, else follows the browser, else Chinese", () => {
    expect(initialLanguage("en", ["zh-CN"])).toBe("en");
    expect(initialLanguage(null, ["en-US", "zh-CN"])).toBe("en");
    expect(initialLanguage(null, ["zh-TW", "en"])).toBe("zh");
    expect(initialLanguage("fr", ["de-DE"])).toBe("zh");
  });
});
