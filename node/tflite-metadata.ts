// Writes TFLite model metadata (tflite-support's ModelMetadata flatbuffer) into a `.tflite` model:
// the input tensor's NormalizationOptions, which MediaPipe's FaceDetector (`@mediapipe/tasks-vision`)
// requires for a float32 input ("Input tensor has type kTfLiteFloat32: it requires specifying
// NormalizationOptions metadata to preprocess input images"). The BlazeFace models shipped in
// `@mediapipe/face_detection` carry none.
//
// Why no flatc and no vendored schemas: only the few tables below are touched, through the
// `flatbuffers` library's Builder and ByteBuffer; their field numbers are written out here from the
// two public schemas (TFLite `schema.fbs`: Model, Buffer, Metadata; tflite-support
// `metadata_schema.fbs`: ModelMetadata, SubGraphMetadata, TensorMetadata, ProcessUnit,
// NormalizationOptions). Every other byte of the model is kept as it is.
//
// How the model is rewritten: the original file goes, unchanged and 16-byte aligned, into the new
// buffer as one byte vector; a new root `Model` table points at the original's operator codes,
// subgraphs, buffers and so on inside it (flatbuffer offsets are relative, so they stay valid), plus
// one new Buffer holding the metadata and a `metadata` entry "TFLITE_METADATA" naming it. The
// original root table is left unreferenced. Cost: the file grows by a few hundred bytes.
import { Builder, ByteBuffer } from 'flatbuffers';

/** Field numbers (vtable slots) used here. A union takes two slots: its type, then its value. */
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const MODEL_SLOTS = 8;
const BUFFER = { data: 0, offset: 1, size: 2 } as const;
const METADATA = { name: 0, buffer: 1 } as const;
const MODEL_METADATA = { name: 0, description: 1, version: 2, subgraphMetadata: 3, minParserVersion: 7 } as const;
const SUBGRAPH_METADATA = { inputTensorMetadata: 2 } as const;
const TENSOR_METADATA = { name: 0, processUnits: 4 } as const;
const PROCESS_UNIT = { optionsType: 0, options: 1 } as const;
/** ProcessUnitOptions union member number of NormalizationOptions (NONE is 0). */
const NORMALIZATION_OPTIONS = 1;
const NORMALIZATION = { mean: 0, std: 1 } as const;

/** The metadata entry name MediaPipe's and tflite-support's metadata extractors look for. */
export const METADATA_NAME = 'TFLITE_METADATA';
const MODEL_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
/** NormalizationOptions exists since metadata schema 1.0.0; nothing newer is written. */
const MIN_PARSER_VERSION = '1.0.0';

export interface InputNormalization {
  /** Per-channel (or one shared) mean and standard deviation: the model sees (x - mean) / std. */
  mean: number[];
  std: number[];
}

export interface MetadataOptions extends InputNormalization {
  /** ModelMetadata.name and .description (informative only). */
  name: string;
  description: string;
}

/** Absolute position of the table an offset field or vector element at `pos` points to. */
const target = (bb: ByteBuffer, pos: number): number => pos + bb.readUint32(pos);

/** Absolute position of field `slot` of the table at `table`, or 0 when it is absent. */
function field(bb: ByteBuffer, table: number, slot: number): number {
  const o = bb.__offset(table, 4 + 2 * slot);
  return o === 0 ? 0 : table + o;
}

function vtableSlots(bb: ByteBuffer, table: number): number {
  const vtable = table - bb.readInt32(table);
  return (bb.readUint16(vtable) - 4) / 2;
}

/** Absolute positions of the tables a vector of tables (its field at `pos`) points to. */
function tables(bb: ByteBuffer, pos: number): number[] {
  if (pos === 0) return [];
  const vec = target(bb, pos);
  const n = bb.readUint32(vec);
  return Array.from({ length: n }, (_, i) => target(bb, vec + 4 + 4 * i));
}

function str(bb: ByteBuffer, pos: number): string | null {
  return pos === 0 ? null : (bb.__string(pos) as string);
}

function checkModel(bb: ByteBuffer): number {
  if (bb.capacity() < 8 || !bb.__has_identifier(MODEL_IDENTIFIER)) throw new Error(`not a TFLite model (no "${MODEL_IDENTIFIER}" file identifier)`);
  const root = target(bb, 0);
  const slots = vtableSlots(bb, root);
  for (let s = MODEL_SLOTS; s < slots; s++) {
    if (field(bb, root, s) !== 0) throw new Error(`the TFLite model has a Model field (#${s}) this writer does not know; refusing to drop it`);
  }
  for (const b of tables(bb, field(bb, root, MODEL.buffers))) {
    // Buffers stored outside the flatbuffer (models over 2 GB) use absolute file offsets, which
    // moving the model inside a new buffer would break.
    if (field(bb, b, BUFFER.offset) !== 0 && bb.readUint64(field(bb, b, BUFFER.offset)) > 1n) throw new Error('the TFLite model keeps buffers outside the flatbuffer (offset/size); not supported');
  }
  return root;
}

function buildMetadata(o: MetadataOptions): Uint8Array {
  const b = new Builder(256);
  const floats = (xs: number[]): number => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i]!);
    return b.endVector();
  };
  const offsets = (xs: number[]): number => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i]!);
    return b.endVector();
  };
  const mean = floats(o.mean);
  const std = floats(o.std);
  b.startObject(2);
  b.addFieldOffset(NORMALIZATION.mean, mean, 0);
  b.addFieldOffset(NORMALIZATION.std, std, 0);
  const norm = b.endObject();
  b.startObject(2);
  b.addFieldInt8(PROCESS_UNIT.optionsType, NORMALIZATION_OPTIONS, 0);
  b.addFieldOffset(PROCESS_UNIT.options, norm, 0);
  const unit = b.endObject();
  const units = offsets([unit]);
  const inputName = b.createString('image');
  b.startObject(5);
  b.addFieldOffset(TENSOR_METADATA.name, inputName, 0);
  b.addFieldOffset(TENSOR_METADATA.processUnits, units, 0);
  const input = b.endObject();
  const inputs = offsets([input]);
  b.startObject(3);
  b.addFieldOffset(SUBGRAPH_METADATA.inputTensorMetadata, inputs, 0);
  const subgraph = b.endObject();
  const subgraphs = offsets([subgraph]);
  const name = b.createString(o.name);
  const description = b.createString(o.description);
  const minParser = b.createString(MIN_PARSER_VERSION);
  b.startObject(8);
  b.addFieldOffset(MODEL_METADATA.name, name, 0);
  b.addFieldOffset(MODEL_METADATA.description, description, 0);
  b.addFieldOffset(MODEL_METADATA.subgraphMetadata, subgraphs, 0);
  b.addFieldOffset(MODEL_METADATA.minParserVersion, minParser, 0);
  const root = b.endObject();
  b.finish(root, METADATA_IDENTIFIER);
  return b.asUint8Array();
}

/**
 * A copy of `model` (a `.tflite` flatbuffer) whose metadata says: input 0 of subgraph 0 is
 * normalised as (x - mean) / std. An existing "TFLITE_METADATA" entry is replaced; the model's
 * other metadata entries, buffers, operators and subgraphs are kept byte for byte.
 */
export function withInputNormalization(model: Uint8Array, o: MetadataOptions): Uint8Array {
  if (o.mean.length === 0 || o.mean.length !== o.std.length) throw new Error('mean and std need the same, non-zero number of values');
  if (o.std.some((s) => !(s > 0))) throw new Error('every std value must be positive');
  const bb = new ByteBuffer(model);
  const root = checkModel(bb);
  const metadataBytes = buildMetadata(o);

  const b = new Builder(model.length + metadataBytes.length + 1024);
  // The original model first: the Builder fills from the end, so it ends up last in the file, with
  // its start 16-byte aligned (what TFLite's Buffer.data force_align promises).
  b.startVector(1, model.length, 16);
  for (let i = model.length - 1; i >= 0; i--) b.addInt8(model[i]!);
  const blob = b.endVector();
  // Builder offsets count from the end of the buffer; the blob's data starts 4 bytes after its
  // length prefix, so position p of the original is at `blob - 4 - p` from the end.
  const old = (p: number): number => blob - 4 - p;

  b.startVector(1, metadataBytes.length, 16);
  for (let i = metadataBytes.length - 1; i >= 0; i--) b.addInt8(metadataBytes[i]!);
  const metadataData = b.endVector();
  b.startObject(1);
  b.addFieldOffset(BUFFER.data, metadataData, 0);
  const metadataBuffer = b.endObject();

  const oldBuffers = tables(bb, field(bb, root, MODEL.buffers));
  const buffers = [...oldBuffers.map(old), metadataBuffer];
  b.startVector(4, buffers.length, 4);
  for (let i = buffers.length - 1; i >= 0; i--) b.addOffset(buffers[i]!);
  const buffersVec = b.endVector();

  const kept = tables(bb, field(bb, root, MODEL.metadata)).filter((m) => str(bb, field(bb, m, METADATA.name)) !== METADATA_NAME);
  const name = b.createString(METADATA_NAME);
  b.startObject(2);
  b.addFieldOffset(METADATA.name, name, 0);
  b.addFieldInt32(METADATA.buffer, oldBuffers.length, -1);
  const entry = b.endObject();
  const metadata = [...kept.map(old), entry];
  b.startVector(4, metadata.length, 4);
  for (let i = metadata.length - 1; i >= 0; i--) b.addOffset(metadata[i]!);
  const metadataVec = b.endVector();

  b.startObject(MODEL_SLOTS);
  const version = field(bb, root, MODEL.version);
  if (version !== 0) b.addFieldInt32(MODEL.version, bb.readUint32(version), -1);
  for (const slot of [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, MODEL.metadataBuffer, MODEL.signatureDefs]) {
    const f = field(bb, root, slot);
    if (f !== 0) b.addFieldOffset(slot, old(target(bb, f)), 0);
  }
  b.addFieldOffset(MODEL.buffers, buffersVec, 0);
  b.addFieldOffset(MODEL.metadata, metadataVec, 0);
  b.finish(b.endObject(), MODEL_IDENTIFIER);
  return b.asUint8Array();
}

/** What a model's "TFLITE_METADATA" says about input 0's normalisation (null: no such metadata),
 *  read the way MediaPipe's extractor does: Model.metadata -> Model.buffers -> ModelMetadata. */
export function readInputNormalization(model: Uint8Array): (InputNormalization & { name: string | null }) | null {
  const bb = new ByteBuffer(model);
  const root = checkModel(bb);
  const entry = tables(bb, field(bb, root, MODEL.metadata)).find((m) => str(bb, field(bb, m, METADATA.name)) === METADATA_NAME);
  if (entry === undefined) return null;
  const index = bb.readUint32(field(bb, entry, METADATA.buffer));
  const buffer = tables(bb, field(bb, root, MODEL.buffers))[index];
  if (buffer === undefined) throw new Error(`metadata names buffer ${index}, which does not exist`);
  const data = target(bb, field(bb, buffer, BUFFER.data));
  const mb = new ByteBuffer(model.subarray(data + 4, data + 4 + bb.readUint32(data)));
  if (!mb.__has_identifier(METADATA_IDENTIFIER)) throw new Error(`the metadata buffer has no "${METADATA_IDENTIFIER}" identifier`);
  const mroot = target(mb, 0);
  const subgraph = tables(mb, field(mb, mroot, MODEL_METADATA.subgraphMetadata))[0];
  const input = subgraph === undefined ? undefined : tables(mb, field(mb, subgraph, SUBGRAPH_METADATA.inputTensorMetadata))[0];
  for (const unit of input === undefined ? [] : tables(mb, field(mb, input, TENSOR_METADATA.processUnits))) {
    const t = field(mb, unit, PROCESS_UNIT.optionsType);
    if (t === 0 || mb.readUint8(t) !== NORMALIZATION_OPTIONS) continue;
    const opts = target(mb, field(mb, unit, PROCESS_UNIT.options));
    const floats = (pos: number): number[] => {
      if (pos === 0) return [];
      const vec = target(mb, pos);
      return Array.from({ length: mb.readUint32(vec) }, (_, i) => mb.readFloat32(vec + 4 + 4 * i));
    };
    return { name: str(mb, field(mb, mroot, MODEL_METADATA.name)), mean: floats(field(mb, opts, NORMALIZATION.mean)), std: floats(field(mb, opts, NORMALIZATION.std)) };
  }
  return null;
}

/** Byte ranges of every Buffer.data of the model, in buffer order (for checking a rewrite kept them). */
export function bufferContents(model: Uint8Array): Uint8Array[] {
  const bb = new ByteBuffer(model);
  const root = checkModel(bb);
  return tables(bb, field(bb, root, MODEL.buffers)).map((buf) => {
    const f = field(bb, buf, BUFFER.data);
    if (f === 0) return new Uint8Array(0);
    const v = target(bb, f);
    return model.subarray(v + 4, v + 4 + bb.readUint32(v));
  });
}
