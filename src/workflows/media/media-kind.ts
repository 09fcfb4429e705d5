import { MAX_PREVIEWS_PER_SET, MAX_SCREENSHOTS_PER_SET, isPreviewType, isScreenshotDisplayType } from "./display-types.js";

/** Screenshots and previews follow the same protocol over differently named resources. */
export interface MediaKind {
  name: "screenshots" | "previews";
  /** "screenshot" / "preview", for messages. */
  singular: string;
  assetType: "appScreenshots" | "appPreviews";
  setType: "appScreenshotSets" | "appPreviewSets";
  /** The set attribute naming its device slot. */
  setTypeAttribute: "screenshotDisplayType" | "previewType";
  /** Asset → set (to-one) and set → assets (to-many, ordered). */
  setRelationship: "appScreenshotSet" | "appPreviewSet";
  assetsRelationship: "appScreenshots" | "appPreviews";
  /** Localization → sets. */
  localizationSets: "appScreenshotSets" | "appPreviewSets";
  /** Where processing state lives (`assetDeliveryState` is deprecated for previews). */
  stateAttribute: "assetDeliveryState" | "videoDeliveryState";
  maxPerSet: number;
  /** File extensions accepted, lower case with the dot. */
  extensions: readonly string[];
  isSetType(value: string): boolean;
  /** Set types of the other kind, skipped quietly when both kinds share one folder. */
  isOtherKindType(value: string): boolean;
  /** Fields asked for when reading assets. */
  assetFields: readonly string[];
}

export const SCREENSHOTS: MediaKind = {
  name: "screenshots",
  singular: "screenshot",
  assetType: "appScreenshots",
  setType: "appScreenshotSets",
  setTypeAttribute: "screenshotDisplayType",
  setRelationship: "appScreenshotSet",
  assetsRelationship: "appScreenshots",
  localizationSets: "appScreenshotSets",
  stateAttribute: "assetDeliveryState",
  maxPerSet: MAX_SCREENSHOTS_PER_SET,
  extensions: [".png", ".jpg", ".jpeg"],
  isSetType: isScreenshotDisplayType,
  isOtherKindType: isPreviewType,
  assetFields: ["fileName", "fileSize", "sourceFileChecksum", "imageAsset", "assetDeliveryState"],
};

export const PREVIEWS: MediaKind = {
  name: "previews",
  singular: "preview",
  assetType: "appPreviews",
  setType: "appPreviewSets",
  setTypeAttribute: "previewType",
  setRelationship: "appPreviewSet",
  assetsRelationship: "appPreviews",
  localizationSets: "appPreviewSets",
  stateAttribute: "videoDeliveryState",
  maxPerSet: MAX_PREVIEWS_PER_SET,
  extensions: [".mp4", ".mov", ".m4v"],
  isSetType: isPreviewType,
  isOtherKindType: isScreenshotDisplayType,
  assetFields: ["fileName", "fileSize", "sourceFileChecksum", "mimeType", "previewFrameTimeCode", "videoUrl", "previewFrameImage", "videoDeliveryState"],
};

export const mediaKind = (name: "screenshots" | "previews"): MediaKind => (name === "screenshots" ? SCREENSHOTS : PREVIEWS);
