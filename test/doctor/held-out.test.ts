import { scenarioSuite } from "./scenario-suite.js";
import { HELD_OUT } from "./held-out.js";

scenarioSuite("the held-out scenarios (written without reading the rules)", HELD_OUT);
