import type { RuleContext } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";
import { allTargets, compareVersionStrings, firstTarget } from "./version-states.js";

/** The media of a localization: set type, its asset relationship, the asset's link back, and when an asset is done. */
const MEDIA = [
  { setRel: "appScreenshotSets", assetsRel: "appScreenshots", backRel: "appScreenshotSet", done: (a: StoredResource) => stateOf(a.attributes.assetDeliveryState) === "COMPLETE" },
  { setRel: "appPreviewSets", assetsRel: "appPreviews", backRel: "appPreviewSet", done: (a: StoredResource) => stateOf(a.attributes.videoDeliveryState ?? a.attributes.assetDeliveryState) === "COMPLETE" },
] as const;

const stateOf = (value: unknown) => (value as { state?: unknown } | null | undefined)?.state;

/**
 * What App Store Connect gives a new version: the previous version's listing, carried over. Each
 * localization comes with its description, keywords, promotional text and URLs (What's New starts
 * empty: it is about the new version), and its screenshot and preview sets with their processed
 * assets, in order [3p: fastlane deliver #47 "copied across all the data from the previous version
 * apart from the What's New section", #59 "they automatically use former screenshots"; deliver's
 * screenshot sync exists because uploads on top of the carried-over ones duplicated them].
 *
 * The previous version is the same platform's highest version string (versions only go up, and a
 * new one can only be created once the last is released). Assets that never finished processing
 * are not part of the published listing and stay behind. The copies are new resources, so editing
 * or deleting them leaves the released version as it was.
 */
export function carryOverListing(ctx: RuleContext, version: StoredResource): void {
  const app = firstTarget(ctx, version, "app");
  if (!app) return;
  const previous = allTargets(ctx, app, "appStoreVersions")
    .filter((v) => v.id !== version.id && v.attributes.platform === version.attributes.platform)
    .sort((a, b) => compareVersionStrings(String(a.attributes.versionString), String(b.attributes.versionString)) || a.seq - b.seq)
    .pop();
  if (!previous) return;
  for (const loc of allTargets(ctx, previous, "appStoreVersionLocalizations")) {
    const { whatsNew: _whatsNew, ...rest } = loc.attributes;
    const copy = ctx.data.create({ type: "appStoreVersionLocalizations", attributes: { ...rest, whatsNew: null }, relationships: { appStoreVersion: version } });
    for (const media of MEDIA) {
      for (const set of allTargets(ctx, loc, media.setRel)) {
        const assets = allTargets(ctx, set, media.assetsRel).filter(media.done);
        if (!assets.length) continue;
        const newSet = ctx.data.create({ type: set.type, attributes: { ...set.attributes }, relationships: { appStoreVersionLocalization: copy } });
        for (const asset of assets) {
          // Inserted, not created: the media feature's create hook would reserve a new upload for it.
          const newAsset = ctx.store.insert({ type: asset.type, id: ctx.store.newId(asset.type), attributes: { ...asset.attributes, uploadOperations: null } });
          ctx.data.link(newAsset, media.backRel, [newSet], "replace");
        }
      }
    }
  }
}

/** Deleting a version deletes its localizations' screenshot and preview sets with their assets too (through the hooks, so reserved uploads are let go). */
export function deleteListingMedia(ctx: RuleContext, localization: StoredResource): void {
  for (const media of MEDIA) {
    for (const set of allTargets(ctx, localization, media.setRel)) {
      for (const asset of allTargets(ctx, set, media.assetsRel)) ctx.data.remove(asset.type, asset.id);
      ctx.data.remove(set.type, set.id);
    }
  }
}
