package main

import (
	"encoding/json"
	"slices"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["doctorjson"] = cmdDoctorJSON
}

// cmdDoctorJSON checks that the last command's stdout is gov doctor's
// JSON contract: a list of objects with exactly id, status (ok, warn or
// fail), summary, detail and fix. With -ok, every status must be ok.
//
//	doctorjson [-ok]
func cmdDoctorJSON(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! doctorjson")
	}
	allOK := len(args) == 1 && args[0] == "-ok"
	if len(args) > 0 && !allOK {
		ts.Fatalf("usage: doctorjson [-ok]")
	}
	var results []map[string]any
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &results); err != nil {
		ts.Fatalf("stdout is not a JSON list: %v", err)
	}
	if len(results) == 0 {
		ts.Fatalf("no results")
	}
	want := []string{"detail", "fix", "id", "status", "summary"}
	for _, r := range results {
		var keys []string
		for k, v := range r {
			if _, ok := v.(string); !ok {
				ts.Fatalf("%v: %s is not a string", r, k)
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			ts.Fatalf("result keys %v, want %v", keys, want)
		}
		switch r["status"] {
		case "ok":
		case "warn", "fail":
			if allOK {
				ts.Fatalf("%s is %s: %s", r["id"], r["status"], r["summary"])
			}
		default:
			ts.Fatalf("%s: status %q", r["id"], r["status"])
		}
	}
}
