/** A list's filter (a status, a scope): picking an option calls `onPick` with its value; "" is the option for everything. */
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/translate";

export interface FilterOption {
  value: string;
  label: MessageKey;
}

export function FilterSelect({ label, value, options, onPick }: { label: MessageKey; value: string; options: readonly FilterOption[]; onPick: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t(label)}{" "}
      <select value={value} onChange={(event) => onPick(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {t(option.label)}
          </option>
        ))}
      </select>
    </label>
  );
}
