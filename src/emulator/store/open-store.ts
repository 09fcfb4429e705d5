import Database from "better-sqlite3";
import { deterministicId } from "./id-generator.js";

export interface ResourceRef {
  type: string;
  id: string;
}

/** One JSON:API resource as stored: its public attributes plus emulator-private state. */
export interface StoredResource extends ResourceRef {
  attributes: Record<string, unknown>;
  /** State clients never see (scenario outcomes, deadlines, owning team). */
  internal: Record<string, unknown>;
  /** Creation order; the default sort of every list. */
  seq: number;
}

export interface NewResource extends ResourceRef {
  attributes: Record<string, unknown>;
  internal?: Record<string, unknown>;
}

export interface ResourceChanges {
  /** Shallow merge; a key set to `undefined` is removed, `null` is stored as null. */
  attributes?: Record<string, unknown>;
  internal?: Record<string, unknown>;
}

/**
 * Directed relationship edges `from.rel → to`. Each (from, rel) list keeps its own order, so
 * to-many relationships can be reordered. Mirroring an edge onto the inverse relationship is the
 * engine's business, not the store's.
 */
export interface EdgeStore {
  targets(from: ResourceRef, rel: string): ResourceRef[];
  has(from: ResourceRef, rel: string, to: ResourceRef): boolean;
  /** Appends at the end of the list; false when the edge already exists. */
  add(from: ResourceRef, rel: string, to: ResourceRef): boolean;
  remove(from: ResourceRef, rel: string, to: ResourceRef): boolean;
  clear(from: ResourceRef, rel: string): void;
  /** Edges pointing at `to`, optionally only through `rel`. */
  sources(to: ResourceRef, rel?: string): Array<{ from: ResourceRef; rel: string }>;
}

export interface MetaStore {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface Store {
  /** The database file, or undefined for an in-memory store. */
  readonly file: string | undefined;
  /** A fresh id in the style Apple uses for `type`, reproducible for a given `idSeed`. */
  newId(type: string): string;
  insert(resource: NewResource): StoredResource;
  get(type: string, id: string): StoredResource | undefined;
  /** All resources of a type in creation order. */
  list(type: string): StoredResource[];
  update(type: string, id: string, changes: ResourceChanges): StoredResource;
  /** Deletes the resource and every edge from or to it. */
  delete(type: string, id: string): boolean;
  readonly edges: EdgeStore;
  readonly meta: MetaStore;
  /** Runs `fn` atomically; nests (inner calls become savepoints). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /** SQLite file that persists across restarts; in memory when omitted. */
  file?: string;
  /** Seed for deterministic ids (default "asckit-emulator"). Kept in the file on first open. */
  idSeed?: string;
}

interface ResourceRow {
  type: string;
  id: string;
  attributes: string;
  internal: string;
  created_seq: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS resources (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  attributes TEXT NOT NULL,
  internal TEXT NOT NULL DEFAULT '{}',
  created_seq INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  PRIMARY KEY (type, id)
);
CREATE INDEX IF NOT EXISTS resources_by_type ON resources (type, created_seq);
CREATE TABLE IF NOT EXISTS edges (
  from_type TEXT NOT NULL,
  from_id TEXT NOT NULL,
  rel TEXT NOT NULL,
  to_type TEXT NOT NULL,
  to_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (from_type, from_id, rel, to_type, to_id)
);
CREATE INDEX IF NOT EXISTS edges_by_target ON edges (to_type, to_id);
-- Appending to a list reads MAX(position); without this index that scans the whole list (quadratic imports).
CREATE INDEX IF NOT EXISTS edges_by_position ON edges (from_type, from_id, rel, position);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

const toResource = (row: ResourceRow): StoredResource => ({
  type: row.type,
  id: row.id,
  attributes: JSON.parse(row.attributes) as Record<string, unknown>,
  internal: JSON.parse(row.internal) as Record<string, unknown>,
  seq: row.created_seq,
});

function merge(base: Record<string, unknown>, changes: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!changes) return base;
  const out = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Opens the emulator's SQLite store (better-sqlite3: synchronous, so every engine step is atomic). */
export function openStore(options: OpenStoreOptions = {}): Store {
  const db = new Database(options.file ?? ":memory:");
  db.pragma("foreign_keys = OFF");
  db.exec(SCHEMA);

  const metaGet = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const metaSet = db.prepare<[string, string]>(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const metaDel = db.prepare<[string]>("DELETE FROM meta WHERE key = ?");
  const meta: MetaStore = {
    get<T>(key: string) {
      const row = metaGet.get(key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set(key, value) {
      metaSet.run(key, JSON.stringify(value));
    },
    delete(key) {
      metaDel.run(key);
    },
  };

  const idSeed = meta.get<string>("idSeed") ?? options.idSeed ?? "asckit-emulator";
  meta.set("idSeed", idSeed);

  const nextCounter = (key: string): number => {
    const n = (meta.get<number>(key) ?? 0) + 1;
    meta.set(key, n);
    return n;
  };

  const selectOne = db.prepare<[string, string], ResourceRow>("SELECT * FROM resources WHERE type = ? AND id = ?");
  const selectType = db.prepare<[string], ResourceRow>("SELECT * FROM resources WHERE type = ? ORDER BY created_seq");
  const insertRow = db.prepare(
    "INSERT INTO resources (type, id, attributes, internal, created_seq, updated_seq) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const updateRow = db.prepare("UPDATE resources SET attributes = ?, internal = ?, updated_seq = ? WHERE type = ? AND id = ?");
  const deleteRow = db.prepare<[string, string]>("DELETE FROM resources WHERE type = ? AND id = ?");

  const edgeTargets = db.prepare<[string, string, string], { to_type: string; to_id: string }>(
    "SELECT to_type, to_id FROM edges WHERE from_type = ? AND from_id = ? AND rel = ? ORDER BY position",
  );
  const edgeHas = db.prepare("SELECT 1 FROM edges WHERE from_type = ? AND from_id = ? AND rel = ? AND to_type = ? AND to_id = ?");
  const edgeMaxPos = db.prepare<[string, string, string], { p: number | null }>(
    "SELECT MAX(position) AS p FROM edges WHERE from_type = ? AND from_id = ? AND rel = ?",
  );
  const edgeInsert = db.prepare(
    "INSERT OR IGNORE INTO edges (from_type, from_id, rel, to_type, to_id, position) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const edgeDelete = db.prepare("DELETE FROM edges WHERE from_type = ? AND from_id = ? AND rel = ? AND to_type = ? AND to_id = ?");
  const edgeClear = db.prepare("DELETE FROM edges WHERE from_type = ? AND from_id = ? AND rel = ?");
  const edgeSources = db.prepare<[string, string], { from_type: string; from_id: string; rel: string }>(
    "SELECT from_type, from_id, rel FROM edges WHERE to_type = ? AND to_id = ? ORDER BY rowid",
  );
  const edgeDeleteTouching = db.prepare(
    "DELETE FROM edges WHERE (from_type = ? AND from_id = ?) OR (to_type = ? AND to_id = ?)",
  );

  const edges: EdgeStore = {
    targets(from, rel) {
      return edgeTargets.all(from.type, from.id, rel).map((r) => ({ type: r.to_type, id: r.to_id }));
    },
    has(from, rel, to) {
      return edgeHas.get(from.type, from.id, rel, to.type, to.id) !== undefined;
    },
    add(from, rel, to) {
      const position = (edgeMaxPos.get(from.type, from.id, rel)?.p ?? -1) + 1;
      return edgeInsert.run(from.type, from.id, rel, to.type, to.id, position).changes > 0;
    },
    remove(from, rel, to) {
      return edgeDelete.run(from.type, from.id, rel, to.type, to.id).changes > 0;
    },
    clear(from, rel) {
      edgeClear.run(from.type, from.id, rel);
    },
    sources(to, rel) {
      return edgeSources
        .all(to.type, to.id)
        .filter((r) => rel === undefined || r.rel === rel)
        .map((r) => ({ from: { type: r.from_type, id: r.from_id }, rel: r.rel }));
    },
  };

  const store: Store = {
    file: options.file,
    newId(type) {
      return deterministicId(idSeed, type, nextCounter(`idCounter:${type}`));
    },
    insert(resource) {
      const seq = nextCounter("seq");
      insertRow.run(resource.type, resource.id, JSON.stringify(resource.attributes), JSON.stringify(resource.internal ?? {}), seq, seq);
      return { type: resource.type, id: resource.id, attributes: { ...resource.attributes }, internal: { ...resource.internal }, seq };
    },
    get(type, id) {
      const row = selectOne.get(type, id);
      return row ? toResource(row) : undefined;
    },
    list(type) {
      return selectType.all(type).map(toResource);
    },
    update(type, id, changes) {
      const current = store.get(type, id);
      if (!current) throw new Error(`No ${type} with id ${id} to update`);
      const attributes = merge(current.attributes, changes.attributes);
      const internal = merge(current.internal, changes.internal);
      updateRow.run(JSON.stringify(attributes), JSON.stringify(internal), nextCounter("seq"), type, id);
      return { ...current, attributes, internal };
    },
    delete(type, id) {
      return store.transaction(() => {
        edgeDeleteTouching.run(type, id, type, id);
        return deleteRow.run(type, id).changes > 0;
      });
    },
    edges,
    meta,
    transaction(fn) {
      return db.transaction(fn)();
    },
    close() {
      db.close();
    },
  };
  return store;
}
