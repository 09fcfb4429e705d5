import { buildPath, type AscClient, type Resource } from "../../client/index.js";
import { mapLimit } from "./map-limit.js";
import type { MediaKind } from "./media-kind.js";
import { remoteAsset, resolveVersionId, type VersionTarget } from "./media-target.js";

/** One asset as `screenshots list` / `previews list` show it, in set order. */
export interface MediaRow {
  locale: string;
  type: string;
  position: number;
  fileName: string;
  state: string;
  width: number | undefined;
  height: number | undefined;
  fileSize: number | undefined;
  sourceFileChecksum: string | undefined;
  errors: string;
  id: string;
  setId: string;
}

/** Every screenshot (or preview) of a version, per localization and set, in the sets' order. */
export async function listMedia(client: AscClient, kind: MediaKind, target: VersionTarget & { locale?: string }): Promise<MediaRow[]> {
  const versionId = await resolveVersionId(client, target);
  const localizations = await client.collect(`GET ${buildPath("/v1/appStoreVersions/{id}/appStoreVersionLocalizations", { id: versionId })}`, {
    query: { "fields[appStoreVersionLocalizations]": ["locale"], ...(target.locale ? { "filter[locale]": [target.locale] } : {}) },
  });
  const chosen = localizations.filter((l) => !target.locale || l.attributes.locale === target.locale);
  const perLocale = await mapLimit(chosen, 4, async (loc) => {
    const sets = await client.collect(`GET ${buildPath(`/v1/appStoreVersionLocalizations/{id}/${kind.localizationSets}`, { id: loc.id })}`, {
      query: {
        [`fields[${kind.setType}]`]: [kind.setTypeAttribute, kind.assetsRelationship],
        include: [kind.assetsRelationship],
        [`fields[${kind.assetType}]`]: [...kind.assetFields],
        [`limit[${kind.assetsRelationship}]`]: 50,
      },
    });
    return sets.flatMap((set) => {
      const related = set.related[kind.assetsRelationship];
      return (Array.isArray(related) ? related : []).map((r: Resource, i): MediaRow => {
        const a = remoteAsset(r, kind);
        return {
          locale: String(loc.attributes.locale),
          type: String(set.attributes[kind.setTypeAttribute]),
          position: i + 1,
          fileName: a.fileName,
          state: a.state,
          width: a.width,
          height: a.height,
          fileSize: a.fileSize,
          sourceFileChecksum: a.checksum,
          errors: a.errors.map((e) => e.code).join(", "),
          id: a.id,
          setId: set.id,
        };
      });
    });
  });
  return perLocale.flat().sort((a, b) => a.locale.localeCompare(b.locale) || a.type.localeCompare(b.type) || a.position - b.position);
}
