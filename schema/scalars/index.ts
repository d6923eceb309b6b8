export * from "./id-number";
export * from "./credit-code";
export * from "./graphql";
