/** Photo uploads: the raw bytes in, an id out; stored once per content (by SHA-256). */
import { createHash } from "node:crypto";
import type { Static } from "@sinclair/typebox";
import { Hono } from "hono";
import type { Selectable } from "kysely";
import { recordAudit } from "../../auth/audit";
import { inTransaction } from "../../auth/in-transaction";
import type { FilesTable } from "../../storage/schema";
import { defineEndpoint, endpoint } from "../endpoint";
import type { Env } from "../env";
import { invalidRequest, notFound } from "../errors";
import { FileIdParam, PHOTO_TYPES, StoredFile } from "../schemas/files";

const upload = defineEndpoint({
  summary: "Upload a photo",
  description: "Send the image itself as the body, with its Content-Type. The same bytes uploaded twice are stored once and get the same id.",
  tag: "Files",
  roles: ["staff", "supervisor", "admin", "integrator"],
  upload: { contentTypes: PHOTO_TYPES },
  responses: { 201: { description: "Stored", schema: StoredFile }, 200: { description: "These bytes were stored already", schema: StoredFile } },
});

const download = defineEndpoint({
  summary: "Download an uploaded file",
  tag: "Files",
  roles: "signed-in",
  params: FileIdParam,
  responses: { 200: { description: "The bytes, with their Content-Type", contentType: "image/*" }, 404: { description: "No such file" } },
});

export const fileRoutes = new Hono<Env>()
  .post("/files", endpoint(upload), async (c) => {
    const { db, clock } = c.var.deps;
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length === 0) throw invalidRequest("body", [{ field: "", message: "is empty: send the image's bytes" }]);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const contentType = c.req.header("content-type")!.split(";")[0]!.trim().toLowerCase();
    const actor = c.var.principal.login;
    const { file, created } = await inTransaction(db, async (tx) => {
      const now = clock();
      const inserted = await tx
        .insertInto("files")
        .values({ sha256, content_type: contentType, size: bytes.length, bytes, uploaded_by: actor, uploaded_at: now })
        .onConflict((oc) => oc.column("sha256").doNothing())
        .returning(["id", "sha256", "content_type", "size", "uploaded_by", "uploaded_at"])
        .executeTakeFirst();
      if (!inserted) {
        const existing = await tx.selectFrom("files").select(["id", "sha256", "content_type", "size", "uploaded_by", "uploaded_at"]).where("sha256", "=", sha256).executeTakeFirstOrThrow();
        return { file: existing, created: false };
      }
      await recordAudit(tx, { actor, action: "file.upload", targetType: "file", targetId: inserted.id, after: { sha256, contentType, size: bytes.length }, at: now });
      return { file: inserted, created: true };
    });
    return created ? c.json(describe(file), 201) : c.json(describe(file), 200);
  })
  .get("/files/:id", endpoint(download), async (c) => {
    const { id } = c.req.valid("param");
    const file = await c.var.deps.db.selectFrom("files").select(["bytes", "content_type"]).where("id", "=", id).executeTakeFirst();
    if (!file) throw notFound(`No file "${id}"`);
    c.header("content-type", file.content_type);
    // Uploads are shown, never run: the browser must not guess another type from the bytes.
    c.header("x-content-type-options", "nosniff");
    c.header("content-security-policy", "default-src 'none'");
    c.header("cache-control", "private, max-age=31536000, immutable");
    return c.body(new Uint8Array(file.bytes), 200);
  });

function describe(file: Pick<Selectable<FilesTable>, "id" | "sha256" | "content_type" | "size" | "uploaded_by" | "uploaded_at">): Static<typeof StoredFile> {
  return { id: file.id, sha256: file.sha256, contentType: file.content_type, size: file.size, uploadedBy: file.uploaded_by, uploadedAt: file.uploaded_at.toISOString() };
}
