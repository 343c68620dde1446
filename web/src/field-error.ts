/**
 * A setting the spec refused stays on screen as typed, marked: aria-invalid on the field and the reason
 * beside it (tied to the field by aria-describedby), until a value is accepted. A silently snapped-back or
 * silently ignored value is the defect this replaces.
 */
export function markInvalid(field: HTMLElement, reason: string): void {
  const id = `${field.id}-error`;
  let note = document.getElementById(id);
  if (!note) {
    note = document.createElement("span");
    note.id = id;
    note.className = "field-error";
    note.setAttribute("role", "alert");
    // after a checkbox's label, not inside it between the box and its name (the name went out of view)
    (field.closest("label") ?? field).insertAdjacentElement("afterend", note);
  }
  note.textContent = reason;
  field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", id);
}

/** Clears every mark: the page's spec is valid again, and the form shows it. */
export function clearInvalid(root: ParentNode = document): void {
  root.querySelectorAll(".field-error").forEach((note) => note.remove());
  root.querySelectorAll("[aria-invalid=true]").forEach((field) => {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
  });
}

/** parseSpec's message for the field, in one line: its last line, without the indentation. */
export function reasonOf(problem: string): string {
  return problem.trim().split("\n").at(-1)!.trim();
}
