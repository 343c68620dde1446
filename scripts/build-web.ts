/** npm run build:web — bundles the playground into web/dist (static files for any web server). */
import { buildPlayground } from "../src/node/build-playground.js";

const outDir = await buildPlayground();
console.log(`playground built in ${outDir}`);
