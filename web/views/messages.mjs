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

/**
 * Tables that are wider than their box on a small screen: the box gets the class `scrolls`
 * (a fade at its right edge) and a visible "scroll sideways" line under it, kept current
 * as the box or the table changes size.
 */
export function watchOverflow(boxes) {
  const check = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('scrolls', scrolls);
    let hint = box.nextElementSibling;
    if (!hint || !hint.classList.contains('scroll-hint')) {
      if (!scrolls) return;
      hint = document.createElement('p');
      hint.className = 'scroll-hint';
      hint.textContent = 'Wider than the screen: scroll the table sideways →';
      box.after(hint);
    }
    hint.hidden = !scrolls;
  };
  const owner = new Map();
  const observer = new ResizeObserver((entries) => entries.forEach((e) => check(owner.get(e.target))));
  const watch = (el, box) => {
    if (owner.has(el)) return;
    owner.set(el, box);
    observer.observe(el);
  };
  for (const box of boxes) {
    watch(box, box);
    new MutationObserver(() => {
      for (const child of box.children) watch(child, box);
      check(box);
    }).observe(box, { childList: true, subtree: true });
    for (const child of box.children) watch(child, box);
  }
}
