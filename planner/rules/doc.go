// Package rules is deskplan's rule book: every hard and soft rule of a roster, defined once
// (Book), with its name, whether it is hard, what one violation counts, the sentence that
// explains it, and the check that finds where a roster breaks it.
//
// Check lists what a roster breaks; a Checker does the same on a demand already built and
// also counts each person's hours beside a mentor, for the report. Workable says what each
// person may work over a horizon (the shift options within their availability and contract);
// the planner offers nothing else, and the rules that ask what a person could have worked
// (wishes, the weekly minimum) read it, so the planner and the check agree.
//
// The model builder of planner/optimize keeps the same rules under the same names and prices
// (TrainingWeight, WishWeight); docs/rules.md is generated from Book
// (go test ./planner/rules -run RulesDoc -update).
package rules
