package doctor

import (
	"os"
	"strconv"
	"strings"
)

// parentName is the command name of the process that started gov.
func parentName() string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(os.Getppid()) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}
