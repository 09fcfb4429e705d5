/** `BuildUpload.attributes.state`: the state and Apple's StateDetail lists. */
export interface UploadStateValue {
  state: "AWAITING_UPLOAD" | "PROCESSING" | "FAILED" | "COMPLETE";
  errors: Array<{ code: string; description: string }>;
  warnings: Array<{ code: string; description: string }>;
  infos: Array<{ code: string; description: string }>;
}

/** `BuildUploadFile.attributes.assetDeliveryState` (AppMediaAssetState). */
export interface DeliveryStateValue {
  state: "AWAITING_UPLOAD" | "UPLOAD_COMPLETE" | "COMPLETE" | "FAILED";
  errors: Array<{ code: string; description: string }>;
  warnings: Array<{ code: string; description: string }>;
}

export const uploadStateOf = (attributes: Record<string, unknown>) => (attributes.state as UploadStateValue | undefined)?.state;

export const uploadStateValue = (state: UploadStateValue["state"], errors: UploadStateValue["errors"] = []): UploadStateValue => ({ state, errors, warnings: [], infos: [] });

export const deliveryStateValue = (state: DeliveryStateValue["state"], errors: DeliveryStateValue["errors"] = []): DeliveryStateValue => ({ state, errors, warnings: [] });

/** Private state of a buildUpload, kept in `internal`. */
export interface BuildUploadInternal {
  /** When the ASSET file was committed (epoch ms): processing runs from here. */
  committedAt?: number;
  /** From the uploaded Info.plist. */
  minimumOsVersion?: string;
  usesNonExemptEncryption?: boolean;
  /** Problems processing will report (the upload then ends FAILED instead of producing a build). */
  failures?: Array<{ code: string; description: string }>;
}
