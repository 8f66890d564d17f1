package shellenv

import (
	"os"
	"strconv"
	"strings"
)

// parentName is the parent process's command name, from /proc: one small
// read, no process started. A login shell's comm is zsh, not -zsh.
func parentName() string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(os.Getppid()) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}
