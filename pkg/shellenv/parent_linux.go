package shellenv

import (
	"os"
	"strconv"
	"strings"
)

// ParentName is the parent process's command name, from /proc: one small
// read, no process started. A login shell's comm is zsh, not -zsh.
func ParentName() string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(os.Getppid()) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}
