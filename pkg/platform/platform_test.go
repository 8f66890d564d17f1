package platform

import "testing"

func TestParse(t *testing.T) {
	tests := []struct{ in, want, dl string }{
		{"linux-amd64", "linux-amd64", "amd64"},
		{"darwin/arm64", "darwin-arm64", "arm64"},
		{"linux-armv6l", "linux-arm", "armv6l"},
		{"linux-arm", "linux-arm", "armv6l"},
		{"linux-arm6", "linux-arm", "armv6l"},
		{"linux", "", ""},
		{"linux-", "", ""},
		{"-amd64", "", ""},
		{"Linux-amd64", "", ""},
		{"linux-amd64;rm", "", ""},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		got := ""
		if err == nil {
			got = p.String()
		}
		if got != tt.want || (err == nil && p.DLArch() != tt.dl) {
			t.Errorf("Parse(%q) = %q (dl %q), %v; want %q (dl %q)", tt.in, got, p.DLArch(), err, tt.want, tt.dl)
		}
	}
}

func TestNativeRosetta(t *testing.T) {
	tests := []struct {
		goos, goarch string
		translated   bool
		want         string
	}{
		{"darwin", "amd64", true, "darwin-arm64"},  // amd64 gov under Rosetta on an M1
		{"darwin", "amd64", false, "darwin-amd64"}, // Intel Mac
		{"darwin", "arm64", false, "darwin-arm64"},
		{"linux", "amd64", true, "linux-amd64"},
	}
	for _, tt := range tests {
		if got := NativeOf(tt.goos, tt.goarch, tt.translated).String(); got != tt.want {
			t.Errorf("NativeOf(%s, %s, %v) = %s, want %s", tt.goos, tt.goarch, tt.translated, got, tt.want)
		}
	}
}

func TestCurrentEnv(t *testing.T) {
	t.Setenv("GOV_PLATFORM", "darwin-amd64")
	if p, err := Current(); err != nil || p.String() != "darwin-amd64" {
		t.Errorf("Current() = %v, %v, want darwin-amd64", p, err)
	}
	t.Setenv("GOV_PLATFORM", "nonsense")
	if _, err := Current(); err == nil {
		t.Errorf("Current() with GOV_PLATFORM=nonsense: no error")
	}
}
