import { EXAMINER_2 } from "./examiner-2.js";
import { scenarioSuite } from "./scenario-suite.js";

scenarioSuite("the second examiner's scenarios (written without reading the rules or the other sets)", EXAMINER_2);
