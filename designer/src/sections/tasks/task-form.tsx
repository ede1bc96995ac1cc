/**
 * A task's form, generated from the form the flow defines (JSON Schema and
 * uiSchema) with @rjsf/core, checked in the browser with the same field
 * formats the server checks, and showing the server's own verdict on the
 * fields it names.
 */
import Form from "@rjsf/core";
import { englishStringTranslator, TranslatableString, type RJSFSchema, type UiSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import { FORM_FIELD_FORMATS } from "@orderflow/engine/definition";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/translate";
import { FORM_BUTTONS } from "./form-buttons";
import type { FieldErrors } from "./server-errors";
import { FORM_WIDGETS } from "./widgets";

const validator = customizeValidator({
  customFormats: Object.fromEntries(Object.entries(FORM_FIELD_FORMATS).map(([name, format]) => [name, format.validate as (data: string) => boolean])),
});

/** rjsf's own texts that staff see, from the catalogue; the rest stay as rjsf words them. */
const RJSF_TEXTS: Partial<Record<TranslatableString, MessageKey>> = {
  [TranslatableString.ArrayItemTitle]: "form.item",
  [TranslatableString.EmptyArray]: "form.empty",
  [TranslatableString.YesLabel]: "form.yes",
  [TranslatableString.NoLabel]: "form.no",
  [TranslatableString.CloseLabel]: "form.close",
  [TranslatableString.ErrorsLabel]: "form.errors",
  [TranslatableString.AddButton]: "form.add",
  [TranslatableString.AddItemButton]: "form.addItem",
  [TranslatableString.CopyButton]: "form.copy",
  [TranslatableString.MoveDownButton]: "form.moveDown",
  [TranslatableString.MoveUpButton]: "form.moveUp",
  [TranslatableString.RemoveButton]: "form.remove",
};

export interface TaskFormProps {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  formData: Record<string, unknown>;
  disabled: boolean;
  busy: boolean;
  serverErrors: FieldErrors | undefined;
  onChange(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
}

export function TaskForm({ schema, uiSchema, formData, disabled, busy, serverErrors, onChange, onSubmit }: TaskFormProps) {
  const { t } = useI18n();
  const ui: UiSchema = { ...uiSchema, "ui:submitButtonOptions": { submitText: busy ? t("tasks.submitting") : t("tasks.submit"), norender: disabled, props: { disabled: busy, className: "primary" } } };
  return (
    <Form
      schema={schema as RJSFSchema}
      uiSchema={ui}
      formData={formData}
      validator={validator}
      widgets={FORM_WIDGETS}
      templates={{ ButtonTemplates: FORM_BUTTONS }}
      disabled={disabled}
      extraErrors={serverErrors as never}
      showErrorList="top"
      noHtml5Validate
      translateString={(text, params) => {
        const key = RJSF_TEXTS[text];
        return key ? t(key) : englishStringTranslator(text, params);
      }}
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(event) => onSubmit((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
}
