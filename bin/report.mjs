// The command line's report of one image: the JSON object (--json) and the text table.

/** A number as the report prints it: integers whole, others to 3 significant digits. */
export const num = (v) =>
  Number.isInteger(v) ? String(v) : Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toExponential(2) : v.toPrecision(3);

/** The JSON report: the input, the settings, every stage's shape and statistics, the output. */
export function report(o, job, image, stages, rendered, cd) {
  const shown = new Set(rendered.shown);
  return {
    input: {
      file: job.input,
      width: image.file.width,
      height: image.file.height,
      channels: image.channels,
      ...image.info,
    },
    backend: cd.backend,
    kernel: { name: o.kernel.name, values: o.kernel.values },
    channels: o.channels,
    padding: o.padding,
    pool: o.pool,
    times: o.times,
    colormap: o.colormap,
    stages: stages.map((s) => {
      const i = rendered.shown.indexOf(s);
      return {
        stage: s.stage,
        op: s.op,
        shape: s.tensor.shape,
        min: s.stats.min,
        max: s.stats.max,
        mean: s.stats.mean,
        vmin: s.image.vmin,
        vmax: s.image.vmax,
        ...(shown.has(s) ? { panel: rendered.rects[i] } : {}),
        ...(s.npy ? { npy: s.npy } : {}),
      };
    }),
    output: { file: job.out, width: rendered.width, height: rendered.height, panels: o.panels },
  };
}

export function table(r) {
  const rows = r.stages.map((s) => [
    s.stage,
    `[${s.shape.join(', ')}]`,
    s.op,
    `min ${num(s.min)}`,
    `max ${num(s.max)}`,
    `mean ${num(s.mean)}`,
  ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const input = r.input;
  const kind =
    input.format === 'PNG'
      ? `PNG ${input.colorType} ${input.bitDepth}-bit${input.interlaced ? ' interlaced' : ''}`
      : `JPEG${input.orientation !== 1 ? `, EXIF orientation ${input.orientation} applied` : ''}` +
        (input.scale < 1 ? `, decoded at 1/${Math.round(1 / input.scale)} scale` : '');
  const npys = r.stages.filter((s) => s.npy).map((s) => s.npy);
  return [
    `${input.file === '-' ? 'standard input' : input.file}: ${input.width}x${input.height} ${kind} (${r.backend})`,
    ...rows.map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    ),
    `wrote ${r.output.file === '-' ? 'standard output' : r.output.file} (${r.output.width}x${r.output.height} PNG)`,
    ...(npys.length ? [`wrote ${npys.join(', ')}`] : []),
  ].join('\n');
}
