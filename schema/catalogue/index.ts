export * from "./types";
export * from "./items";
export * from "./scenarios";
export * from "./time-limits";
export * from "./contact-points";
