// Moving keyboard focus to the desk's main places (after the next paint, when the target may just be mounting).
export function focusComposer(doc: Document = document): void {
  const go = () => {
    const box = doc.querySelector<HTMLTextAreaElement>('[data-testid="composer"]');
    if (!box) return false;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    return true;
  };
  if (!go()) requestAnimationFrame(() => void go());
}
