// The drawing pad of the training section: draw a digit with a mouse, pen or finger (pointer
// events), see the 28x28 image the models get (train-digit.mjs makes it MNIST-like), and hand
// it to `onDigit` while drawing (at most every 150 ms) and when the stroke ends.
import { mnistLike, SIDE } from '../lib/train-digit.mjs';

const THROTTLE_MS = 150;

export function createPad(canvas, seen, onDigit) {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const seenCtx = seen.getContext('2d');
  let drawing = false;
  let last = null;
  let timer = 0;
  let lastSent = 0;
  let digit = null;

  function clear() {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    seenCtx.clearRect(0, 0, SIDE, SIDE);
    digit = null;
  }

  function point(event) {
    const r = canvas.getBoundingClientRect();
    return [((event.clientX - r.left) / r.width) * canvas.width, ((event.clientY - r.top) / r.height) * canvas.height];
  }

  function stroke(to) {
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = canvas.width / 13;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    if (last) {
      ctx.moveTo(last[0], last[1]);
      ctx.lineTo(to[0], to[1]);
      ctx.stroke();
    } else {
      ctx.arc(to[0], to[1], ctx.lineWidth / 2, 0, 2 * Math.PI);
      ctx.fill();
    }
    last = to;
  }

  function send() {
    clearTimeout(timer);
    timer = 0;
    lastSent = performance.now();
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const ink = new Float32Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4] / 255;
    digit = mnistLike(ink, width, height);
    if (!digit) return;
    const image = seenCtx.createImageData(SIDE, SIDE);
    digit.forEach((v, i) => {
      const g = Math.round(v * 255);
      image.data.set([g, g, g, 255], i * 4);
    });
    seenCtx.putImageData(image, 0, 0);
    onDigit(digit);
  }

  function sendSoon() {
    if (timer) return;
    timer = setTimeout(send, Math.max(0, THROTTLE_MS - (performance.now() - lastSent)));
  }

  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = null;
    stroke(point(event));
    sendSoon();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const e of events.length ? events : [event]) stroke(point(e));
    sendSoon();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    last = null;
    send();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  clear();
  return {
    clear,
    /** The last 28x28 digit sent (Float32Array) or null. */
    digit: () => digit,
  };
}
