/**
 * The widgets of staff forms' own field formats (engine FORM_FIELD_FORMATS):
 * `photo` uploads the picture first (POST /files) and keeps its id, `barcode`
 * takes what a scanner types, `weight` takes kilograms. @rjsf/core draws a
 * field with a widget of its format's name, or the one its uiSchema names.
 */
import { useState, type ChangeEvent } from "react";
import type { RegistryWidgetsType, WidgetProps } from "@rjsf/utils";
import { api, API_BASE } from "../../api/client";
import { Problem } from "../../app/problem";
import { useI18n } from "../../i18n/i18n";

function PhotoWidget({ id, value, onChange, disabled, readonly, required }: WidgetProps) {
  const { t } = useI18n();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>();
  const chosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setUploading(true);
    setError(undefined);
    api<{ id: string }>("/files", { blob: file }).then(
      (stored) => {
        setUploading(false);
        onChange(stored.id);
      },
      (failure: unknown) => {
        setUploading(false);
        setError(failure);
      },
    );
  };
  return (
    <div className="photo-widget">
      {typeof value === "string" && value !== "" && (
        <figure>
          <img src={`${API_BASE}/files/${encodeURIComponent(value)}`} alt={t("photo.uploaded")} />
          <figcaption>{t("photo.uploaded")}</figcaption>
        </figure>
      )}
      {!readonly && (
        <label className="button">
          {uploading ? t("photo.uploading") : value ? t("photo.replace") : t("photo.take")}
          <input id={id} type="file" accept="image/*" capture="environment" disabled={disabled || uploading} required={required && !value} onChange={chosen} hidden />
        </label>
      )}
      {error !== undefined && <Problem error={error} />}
    </div>
  );
}

function BarcodeWidget({ id, value, onChange, disabled, readonly, required, autofocus }: WidgetProps) {
  const { t } = useI18n();
  return (
    <input
      id={id}
      className="form-control"
      inputMode="text"
      autoComplete="off"
      placeholder={t("form.scanHint")}
      value={typeof value === "string" ? value : ""}
      disabled={disabled}
      readOnly={readonly}
      required={required}
      autoFocus={autofocus}
      onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
    />
  );
}

function WeightWidget({ id, value, onChange, disabled, readonly, required }: WidgetProps) {
  const { t } = useI18n();
  return (
    <span className="with-unit">
      <input
        id={id}
        className="form-control"
        type="number"
        inputMode="decimal"
        step="0.001"
        min="0"
        value={typeof value === "number" ? value : ""}
        disabled={disabled}
        readOnly={readonly}
        required={required}
        onChange={(event) => onChange(event.target.value === "" ? undefined : Number(event.target.value))}
      />
      <span className="unit">{t("form.kg")}</span>
    </span>
  );
}

export const FORM_WIDGETS: RegistryWidgetsType = { photo: PhotoWidget, barcode: BarcodeWidget, weight: WeightWidget };
