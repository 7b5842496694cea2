// A small protobuf writer for ONNX models built in memory (IR version 8, opset 17), so the
// benchmark needs no model files. Only the fields the benchmark uses are written; field numbers
// follow onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
// ValueInfoProto, TypeProto).

const IR_VERSION = 8;
const OPSET = 17;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 };

class Writer {
  constructor() {
    this.bytes = [];
  }

  varint(value) {
    // Non-negative integers below 2^53 (all this writer needs; negative int64 is not used).
    let v = value;
    if (v < 0 || !Number.isInteger(v)) throw new RangeError(`onnx writer: bad varint ${value}`);
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
    return this;
  }

  tag(field, wire) {
    return this.varint(field * 8 + wire);
  }

  int(field, value) {
    return this.tag(field, 0).varint(value);
  }

  raw(field, bytes) {
    this.tag(field, 2).varint(bytes.length);
    for (const b of bytes) this.bytes.push(b);
    return this;
  }

  string(field, text) {
    return this.raw(field, new TextEncoder().encode(text));
  }

  message(field, build) {
    const inner = new Writer();
    build(inner);
    return this.raw(field, inner.bytes);
  }

  float(field, value) {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    for (const x of b) this.bytes.push(x);
    return this;
  }

  packedInts(field, values) {
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    return this.raw(field, inner.bytes);
  }

  finish() {
    return Uint8Array.from(this.bytes);
  }
}

function attribute(w, name, value) {
  w.message(5, (a) => {
    a.string(1, name);
    if (typeof value === 'string') a.raw(4, new TextEncoder().encode(value)).int(20, ATTR.STRING);
    else if (Array.isArray(value)) a.packedInts(8, value).int(20, ATTR.INTS);
    else if (Number.isInteger(value)) a.int(3, value).int(20, ATTR.INT);
    else a.float(2, value).int(20, ATTR.FLOAT);
  });
}

function valueInfo(w, field, name, shape) {
  w.message(field, (v) => {
    v.string(1, name);
    v.message(2, (t) =>
      t.message(1, (tt) => {
        tt.int(1, FLOAT);
        tt.message(2, (s) => {
          for (const d of shape) s.message(1, (dim) => dim.int(1, d));
        });
      }),
    );
  });
}

/**
 * Builds a serialized ONNX model.
 * graph = {
 *   inputs: [{ name, shape }], outputs: [{ name, shape }],
 *   initializers: [{ name, shape, data: Float32Array }],
 *   nodes: [{ op, inputs: [...], outputs: [...], attrs: { name: int | float | string | int[] } }],
 * }
 */
export function buildModel(graph) {
  const w = new Writer();
  w.int(1, IR_VERSION);
  w.string(2, 'condense-bench');
  w.message(7, (g) => {
    graph.nodes.forEach((node, i) => {
      g.message(1, (n) => {
        for (const x of node.inputs) n.string(1, x);
        for (const y of node.outputs) n.string(2, y);
        n.string(3, `${node.op}_${i}`);
        n.string(4, node.op);
        for (const [k, v] of Object.entries(node.attrs ?? {})) attribute(n, k, v);
      });
    });
    g.string(2, 'bench');
    for (const init of graph.initializers ?? []) {
      g.message(5, (t) => {
        t.packedInts(1, init.shape);
        t.int(2, FLOAT);
        t.string(8, init.name);
        t.raw(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
      });
    }
    for (const x of graph.inputs) valueInfo(g, 11, x.name, x.shape);
    for (const y of graph.outputs) valueInfo(g, 12, y.name, y.shape);
  });
  w.message(8, (o) => o.string(1, '').int(2, OPSET));
  return w.finish();
}
