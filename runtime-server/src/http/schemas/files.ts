/** Uploaded files: photos taken at packing, of damage, of a delivery. */
import { Type } from "@sinclair/typebox";
import { Timestamp } from "./common";

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "image/gif"] as const;

export const StoredFile = Type.Object({
  id: Type.String({ description: "Put this in a photo field of a task's form." }),
  sha256: Type.String({ pattern: "^[0-9a-f]{64}$" }),
  contentType: Type.String(),
  size: Type.Integer({ minimum: 1 }),
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
  uploadedAt: Timestamp,
});

export const FileIdParam = Type.Object({ id: Type.String({ minLength: 1 }) });
