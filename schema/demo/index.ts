export * from "./generate";
export * from "./regions";
