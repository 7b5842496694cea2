// The sample photos and how a source image is fitted to the working size (crop, stretch or
// keep the aspect). Pure except fetchSample; the input and GAP views and the tests use them.

export const SAMPLE_NAMES = {
  chelsea: 'Chelsea the cat',
  coffee: 'Coffee cup',
  rocket: 'Falcon 9 rocket launch',
  astronaut: 'Astronaut Eileen Collins',
  camera: 'Cameraman',
};

/** The source region the fit mode uses, and the output size for a working size S. */
export function fitRegion(width, height, size, fit) {
  if (fit === 'crop') {
    const side = Math.min(width, height);
    return {
      sx: Math.floor((width - side) / 2),
      sy: Math.floor((height - side) / 2),
      sw: side,
      sh: side,
      out: [size, size],
    };
  }
  if (fit === 'keep') {
    const scale = size / Math.max(width, height);
    return {
      sx: 0,
      sy: 0,
      sw: width,
      sh: height,
      out: [Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale))],
    };
  }
  return { sx: 0, sy: 0, sw: width, sh: height, out: [size, size] };
}

export async function fetchSample(name) {
  const response = await fetch(`samples/${name}.jpg`);
  if (!response.ok) throw new Error(`sample ${name}: HTTP ${response.status}`);
  const blob = await response.blob();
  return new File([blob], `${name}.jpg`, { type: blob.type || 'image/jpeg' });
}
