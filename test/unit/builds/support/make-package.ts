// Test packages built at test time: .ipa files (yazl) with XML or binary Info.plists, and macOS
// .pkg files (xar with a gzip-compressed odc cpio payload), plus the broken variants.
import { randomBytes } from "node:crypto";
import { gzipSync, deflateSync } from "node:zlib";
import { build, buildBinary } from "plist";
import yazl from "yazl";

export type PlistDict = Record<string, string | boolean | string[] | number>;

export const DEMO_PLIST: PlistDict = {
  CFBundleIdentifier: "com.example.demo",
  CFBundleShortVersionString: "1.2.0",
  CFBundleVersion: "7",
  CFBundleName: "Demo",
  MinimumOSVersion: "16.0",
  CFBundleSupportedPlatforms: ["iPhoneOS"],
  ITSAppUsesNonExemptEncryption: false,
};

export function zip(entries: Array<{ name: string; data: Buffer }>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const e of entries) z.addBuffer(e.data, e.name, { compress: e.data.length > 64 });
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    z.outputStream.on("error", reject);
  });
}

/** An .ipa with `Payload/Demo.app/Info.plist` (XML by default) and optional incompressible filler. */
export function makeIpa(options: { plist?: PlistDict; binary?: boolean; fillerBytes?: number; extra?: Array<{ name: string; data: Buffer }> } = {}): Promise<Buffer> {
  const plist = options.plist ?? DEMO_PLIST;
  const data = options.binary ? Buffer.from(buildBinary(plist)) : Buffer.from(build(plist));
  return zip([
    { name: "Payload/Demo.app/Info.plist", data },
    { name: "Payload/Demo.app/Frameworks/Kit.framework/Info.plist", data: Buffer.from(build({ CFBundleIdentifier: "com.example.kit", CFBundleVersion: "99", CFBundleShortVersionString: "9.9" })) },
    { name: "Payload/Demo.app/Demo", data: randomBytes(options.fillerBytes ?? 256) },
    ...(options.extra ?? []),
  ]);
}

/** One odc cpio member. */
function cpioMember(name: string, data: Buffer): Buffer {
  const oct = (n: number, width: number) => n.toString(8).padStart(width, "0");
  const nameBytes = Buffer.from(`${name}\0`);
  const header = "070707" + oct(0, 6) + oct(1, 6) + oct(0o100644, 6) + oct(0, 6) + oct(0, 6) + oct(1, 6) + oct(0, 6) + oct(0, 11) + oct(nameBytes.length, 6) + oct(data.length, 11);
  return Buffer.concat([Buffer.from(header, "latin1"), nameBytes, data]);
}

export function cpio(entries: Array<{ name: string; data: Buffer }>): Buffer {
  return Buffer.concat([...entries.map((e) => cpioMember(e.name, e.data)), cpioMember("TRAILER!!!", Buffer.alloc(0))]);
}

/** A xar archive: header, zlib TOC, heap (files stored uncompressed). */
export function xar(files: Array<{ path: string; data: Buffer }>): Buffer {
  let offset = 0;
  const heap: Buffer[] = [];
  const tree: Record<string, unknown> = {};
  let id = 1;
  for (const f of files) {
    const parts = f.path.split("/");
    let node = tree;
    for (const dir of parts.slice(0, -1)) node = (node[dir] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = { data: f.data, offset };
    heap.push(f.data);
    offset += f.data.length;
  }
  const render = (node: Record<string, unknown>): string =>
    Object.entries(node)
      .map(([name, v]) => {
        const leaf = v as { data?: Buffer; offset?: number };
        if (leaf.data) {
          return `<file id="${id++}"><data><length>${leaf.data.length}</length><offset>${leaf.offset}</offset><size>${leaf.data.length}</size><encoding style="application/octet-stream"/></data><type>file</type><name>${name}</name></file>`;
        }
        return `<file id="${id++}"><type>directory</type><name>${name}</name>${render(v as Record<string, unknown>)}</file>`;
      })
      .join("");
  const toc = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<xar><toc><creation-time>2025-01-01T00:00:00</creation-time>${render(tree)}</toc></xar>`);
  const compressed = deflateSync(toc);
  const header = Buffer.alloc(28);
  header.writeUInt32BE(0x78617221, 0);
  header.writeUInt16BE(28, 4);
  header.writeUInt16BE(1, 6);
  header.writeBigUInt64BE(BigInt(compressed.length), 8);
  header.writeBigUInt64BE(BigInt(toc.length), 16);
  header.writeUInt32BE(0, 24);
  return Buffer.concat([header, compressed, ...heap]);
}

/** A macOS App Store .pkg: Distribution, Demo.pkg/PackageInfo, and a gzip cpio payload with the app's Info.plist. */
export function makePkg(options: { plist?: PlistDict; payload?: "gzip" | "pbzx" } = {}): Buffer {
  const plist = options.plist ?? { ...DEMO_PLIST, CFBundleSupportedPlatforms: ["MacOSX"], MinimumOSVersion: undefined as unknown as string, LSMinimumSystemVersion: "13.0" };
  const clean = Object.fromEntries(Object.entries(plist).filter(([, v]) => v !== undefined)) as PlistDict;
  const payload =
    options.payload === "pbzx"
      ? Buffer.concat([Buffer.from("pbzx"), randomBytes(64)])
      : gzipSync(cpio([{ name: ".", data: Buffer.alloc(0) }, { name: "./Applications/Demo.app/Contents/Info.plist", data: Buffer.from(build(clean)) }]));
  const packageInfo = `<?xml version="1.0" encoding="utf-8"?>
<pkg-info overwrite-permissions="true" relocatable="false" identifier="${String(clean.CFBundleIdentifier)}" postinstall-action="none" version="${String(clean.CFBundleShortVersionString)}" format-version="2" install-location="/Applications">
  <payload numberOfFiles="2" installKBytes="1"/>
  <bundle-version>
    <bundle CFBundleShortVersionString="${String(clean.CFBundleShortVersionString)}" CFBundleVersion="${String(clean.CFBundleVersion)}" id="${String(clean.CFBundleIdentifier)}" path="./Demo.app"/>
  </bundle-version>
</pkg-info>`;
  const distribution = `<?xml version="1.0" encoding="utf-8"?>
<installer-gui-script minSpecVersion="1">
  <product id="${String(clean.CFBundleIdentifier)}" version="${String(clean.CFBundleShortVersionString)}"/>
  <allowed-os-versions><os-version min="12.0"/></allowed-os-versions>
  <pkg-ref id="${String(clean.CFBundleIdentifier)}">#Demo.pkg</pkg-ref>
</installer-gui-script>`;
  return xar([
    { path: "Distribution", data: Buffer.from(distribution) },
    { path: "Demo.pkg/PackageInfo", data: Buffer.from(packageInfo) },
    { path: "Demo.pkg/Bom", data: randomBytes(32) },
    { path: "Demo.pkg/Payload", data: payload },
  ]);
}
