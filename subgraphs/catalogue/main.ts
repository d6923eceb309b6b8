import "reflect-metadata";
import { onShutdown } from "../../lib/http";
import { startCatalogue } from "./index";

// Standalone entry: the catalogue needs no store, only its port (CATALOGUE_PORT).
const running = await startCatalogue();
onShutdown(() => running.close());
