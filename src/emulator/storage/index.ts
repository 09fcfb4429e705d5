export * from "./upload-storage.js";
export * from "./lost-reservation.js";
