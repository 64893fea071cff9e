import { testLadder } from "../../../tests/harness/steps_testing.ts";
import { LADDER } from "./ladder.ts";

testLadder("lin-kv", LADDER);
