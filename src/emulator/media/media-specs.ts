// The emulator's own copy of Apple's media rules (facts §10, §11). It is deliberately not shared
// with the client: a misunderstanding must not be able to make both sides agree wrongly.

type Size = [number, number];

const both = (...portrait: Size[]): Size[] => [...portrait, ...portrait.map(([w, h]): Size => [h, w])];

const IPHONE_67 = both([1320, 2868], [1290, 2796], [1260, 2736]);
const IPHONE_65 = both([1284, 2778], [1242, 2688]);
const IPHONE_61 = both([1206, 2622], [1179, 2556]);
const IPHONE_58 = both([1170, 2532], [1125, 2436], [1080, 2340]);
const IPHONE_55 = both([1242, 2208]);
const IPHONE_47 = both([750, 1334]);
const IPHONE_40: Size[] = [[640, 1096], [640, 1136], [1136, 600], [1136, 640]];
const IPAD_13 = both([2064, 2752], [2048, 2732]);
const IPAD_129 = both([2048, 2732]);
const IPAD_11 = both([1668, 2420], [1668, 2388], [1640, 2360], [1488, 2266]);
const IPAD_105 = both([1668, 2224]);
const IPAD_97: Size[] = [[1536, 2048], [1536, 2008], [768, 1024], [768, 1004], [2048, 1536], [2048, 1496], [1024, 768], [1024, 748]];

/** Pixel sizes App Store Connect accepts per screenshot display type. */
export const SCREENSHOT_SIZES: Record<string, Size[]> = {
  APP_IPHONE_67: IPHONE_67,
  APP_IPHONE_65: IPHONE_65,
  APP_IPHONE_61: IPHONE_61,
  APP_IPHONE_58: IPHONE_58,
  APP_IPHONE_55: IPHONE_55,
  APP_IPHONE_47: IPHONE_47,
  APP_IPHONE_40: IPHONE_40,
  APP_IPHONE_35: [[640, 920], [640, 960], [960, 600], [960, 640]],
  APP_IPAD_PRO_3GEN_129: IPAD_13,
  APP_IPAD_PRO_129: IPAD_129,
  APP_IPAD_PRO_3GEN_11: IPAD_11,
  APP_IPAD_105: IPAD_105,
  APP_IPAD_97: IPAD_97,
  APP_DESKTOP: [[1280, 800], [1440, 900], [2560, 1600], [2880, 1800]],
  APP_APPLE_TV: [[1920, 1080], [3840, 2160]],
  APP_APPLE_VISION_PRO: [[3840, 2160]],
  APP_WATCH_ULTRA: [[422, 514], [410, 502]],
  APP_WATCH_SERIES_10: [[416, 496]],
  APP_WATCH_SERIES_7: [[396, 484]],
  APP_WATCH_SERIES_4: [[368, 448]],
  APP_WATCH_SERIES_3: [[312, 390]],
  IMESSAGE_APP_IPHONE_67: IPHONE_67,
  IMESSAGE_APP_IPHONE_65: IPHONE_65,
  IMESSAGE_APP_IPHONE_61: IPHONE_61,
  IMESSAGE_APP_IPHONE_58: IPHONE_58,
  IMESSAGE_APP_IPHONE_55: IPHONE_55,
  IMESSAGE_APP_IPHONE_47: IPHONE_47,
  IMESSAGE_APP_IPHONE_40: IPHONE_40,
  IMESSAGE_APP_IPAD_PRO_3GEN_129: IPAD_13,
  IMESSAGE_APP_IPAD_PRO_3GEN_11: IPAD_11,
  IMESSAGE_APP_IPAD_PRO_129: IPAD_129,
  IMESSAGE_APP_IPAD_105: IPAD_105,
  IMESSAGE_APP_IPAD_97: IPAD_97,
};

/**
 * Preview resolutions the emulator enforces: only those several sources agree on (iPhone 886×1920,
 * older iPhones 1080×1920, iPad 1200×1600). Other preview types are not checked for size.
 */
export const PREVIEW_SIZES: Record<string, Size[]> = {
  IPHONE_67: both([886, 1920]),
  IPHONE_65: both([886, 1920]),
  IPHONE_61: both([886, 1920]),
  IPHONE_58: both([886, 1920]),
  IPHONE_55: both([1080, 1920]),
  IPHONE_40: both([1080, 1920]),
  IPAD_PRO_3GEN_129: both([1200, 1600]),
  IPAD_PRO_129: both([1200, 1600]),
  IPAD_PRO_3GEN_11: both([1200, 1600]),
  IPAD_105: both([1200, 1600]),
};

export const MAX_SCREENSHOTS = 10;
export const MAX_PREVIEWS = 3;
export const PREVIEW_SECONDS = { min: 15, max: 30 };

export const fits = (sizes: Size[] | undefined, width: number, height: number) => !sizes || sizes.some(([w, h]) => w === width && h === height);
