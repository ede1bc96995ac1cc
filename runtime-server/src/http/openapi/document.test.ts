import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect } from "vitest";
import { databaseCases, testWithDatabase } from "../../storage/testing";
import { httpHarness } from "../testing";
import { openApiPath } from "./document";

describe.each(await databaseCases())("the OpenAPI document and the reference page on %s", (dialect) => {
  const test = testWithDatabase(dialect);

  test("every route the app has is in the document, with its roles", async ({ db }) => {
    const http = httpHarness(db);
    const answer = await http.anonymous.get("/openapi.json");
    expect(answer.status).toBe(200);
    const document = answer.body;
    expect(document.openapi).toBe("3.1.0");

    const routes = [...new Set(http.app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`))];
    expect(routes.length).toBeGreaterThan(30);
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods as object).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(routes.sort());

    for (const [path, methods] of Object.entries(document.paths) as [string, Record<string, any>][]) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation["x-roles"].length, `${method} ${path}`).toBeGreaterThan(0);
        if (operation["x-roles"][0] !== "public") expect(Object.keys(operation.responses), `${method} ${path}`).toContain("401");
      }
    }
    expect(document.paths["/flows/{id}/publish"].post).toMatchObject({ "x-roles": ["admin", "designer"], responses: { "422": expect.anything(), "403": expect.anything() } });
    expect(document.paths["/tasks/{key}/submit"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/SubmitBody" });
  });

  test("its schemas are the ones that validate requests, and each is valid JSON Schema", async ({ db }) => {
    const http = httpHarness(db);
    const document = (await http.anonymous.get("/openapi.json")).body;
    const ajv = addFormats(new Ajv2020({ strict: false }));
    ajv.addSchema({ $id: "doc", components: document.components });
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`), name).not.toThrow();
    }
    const startBody = ajv.getSchema("doc#/components/schemas/StartBody")!;
    expect(startBody({ flowId: "order_fulfilment", input: {} })).toBe(true);
    expect(startBody({ flowId: "1bad", input: {} })).toBe(false);

    // The document promises a 400 for this body; the app keeps the promise.
    const supervisor = await http.signIn("zhao", ["supervisor"]);
    expect((await supervisor.post("/instances", { flowId: "1bad", input: {} })).body.error.field).toBe("/flowId");
  });

  test("the reference page lists every route with its roles and loads nothing from elsewhere", async ({ db }) => {
    const http = httpHarness(db);
    const document = (await http.anonymous.get("/openapi.json")).body;
    const page = await http.anonymous.get("/reference");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html: string = page.body;
    for (const [path, methods] of Object.entries(document.paths) as [string, Record<string, any>][]) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(html, `${method} ${path}`).toContain(`<span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code>`);
        for (const role of operation["x-roles"]) expect(html).toContain(`<span class="role">${role}</span>`);
      }
    }
    expect(html).toContain('id="schema-SubmitBody"');
    expect(html).not.toMatch(/<script|<link|<img|@import|src=|href="(https?:)?\/\//i);
  });
});
