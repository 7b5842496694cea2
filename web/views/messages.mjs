// The message bar: notices (an image was downscaled) and errors (a file could not be used).
// It is an aria-live region, so screen readers announce each message.

export function createMessages(box, text, close) {
  const log = [];
  function show(kind, message) {
    log.push({ kind, message });
    text.textContent = message;
    box.dataset.kind = kind;
    box.hidden = false;
  }
  close.addEventListener('click', () => {
    box.hidden = true;
  });
  return {
    error: (message) => show('error', message),
    notice: (message) => show('notice', message),
    clear() {
      box.hidden = true;
    },
    log: () => log.map((m) => ({ ...m })),
  };
}
