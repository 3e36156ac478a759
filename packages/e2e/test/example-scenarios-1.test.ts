import { describeExamples } from "./example-scenarios.js";

describeExamples(0);
