import { scenarioSuite } from "./scenario-suite.js";
import { SCENARIOS } from "./scenarios.js";

scenarioSuite("its corpus of planted faults", SCENARIOS);
