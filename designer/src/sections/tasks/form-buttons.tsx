/**
 * @rjsf/core's array buttons draw Bootstrap 3 icon fonts, which this app does
 * not load: these say what they do in words (or an arrow with its title), in
 * the reader's language through the form's `translateString`.
 */
import { TranslatableString, type IconButtonProps } from "@rjsf/utils";

function wordButton(label: TranslatableString, symbol?: string) {
  return function WordButton({ id, onClick, disabled, registry, className }: IconButtonProps) {
    const text = registry.translateString(label);
    return (
      <button type="button" id={id} className={`form-button ${className ?? ""}`} onClick={onClick} disabled={disabled} title={text} aria-label={text}>
        {symbol ?? text}
      </button>
    );
  };
}

export const FORM_BUTTONS = {
  AddButton: wordButton(TranslatableString.AddItemButton),
  RemoveButton: wordButton(TranslatableString.RemoveButton),
  CopyButton: wordButton(TranslatableString.CopyButton),
  MoveUpButton: wordButton(TranslatableString.MoveUpButton, "↑"),
  MoveDownButton: wordButton(TranslatableString.MoveDownButton, "↓"),
};
