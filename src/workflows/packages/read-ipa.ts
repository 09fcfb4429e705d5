import yauzl from "yauzl";
import { ValidationError } from "../../errors/asckit-error.js";

/** Info.plist files are small; anything bigger is not one (or is a zip bomb). */
const MAX_PLIST_BYTES = 8 * 1024 * 1024;
const APP_INFO_PLIST = /^Payload\/[^/]+\.app\/Info\.plist$/;

/** The app's own `Payload/<Name>.app/Info.plist` (not those of frameworks or extensions inside it). */
export async function readIpaInfoPlist(path: string): Promise<{ entryName: string; bytes: Buffer }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new ValidationError(`${path} is not a valid .ipa: it cannot be read as a zip archive (${error instanceof Error ? error.message : String(error)}).`, {
      field: "FILE",
      hint: "An .ipa is the zip archive Xcode exports (Product → Archive → Distribute App); the file may be truncated or damaged.",
    });
  }
  try {
    const hits: yauzl.Entry[] = [];
    let payload = false;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName.startsWith("Payload/")) payload = true;
        if (APP_INFO_PLIST.test(entry.fileName)) hits.push(entry);
      }
    } catch (error) {
      throw new ValidationError(`${path} is not a valid .ipa: its zip directory is damaged (${error instanceof Error ? error.message : String(error)}).`, { field: "FILE" });
    }
    if (!hits.length) {
      throw new ValidationError(
        payload ? `${path} has a Payload folder but no Payload/<Name>.app/Info.plist.` : `${path} is a zip archive without a Payload folder, so it is not an .ipa.`,
        { field: "FILE", hint: "Export the app from Xcode (or `xcodebuild -exportArchive`) to get an .ipa with Payload/<Name>.app inside." },
      );
    }
    if (hits.length > 1) {
      throw new ValidationError(`${path} holds ${hits.length} apps (${hits.map((h) => h.fileName).join(", ")}); an .ipa has exactly one.`, { field: "FILE" });
    }
    const entry = hits[0]!;
    if (entry.uncompressedSize > MAX_PLIST_BYTES) throw new ValidationError(`${entry.fileName} in ${path} is ${entry.uncompressedSize} bytes: too big for an Info.plist.`, { field: "FILE" });
    try {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { entryName: entry.fileName, bytes: Buffer.concat(chunks) };
    } catch (error) {
      throw new ValidationError(`${entry.fileName} in ${path} cannot be extracted (${error instanceof Error ? error.message : String(error)}).`, { field: "FILE", hint: "The .ipa may be damaged; export it again." });
    }
  } finally {
    zip.close();
  }
}
