package doctor

import "strings"

// The package manager commands of the Linux distributions gov names in
// fixes, found from /etc/os-release's ID and ID_LIKE.
var distros = []struct {
	ids             []string
	install, remove string // "sudo apt-get install" ...
	goPkg, ccPkg    string
}{
	{[]string{"debian", "ubuntu"}, "sudo apt-get install", "sudo apt-get remove", "golang-go", "gcc"},
	{[]string{"fedora", "rhel", "centos"}, "sudo dnf install", "sudo dnf remove", "golang", "gcc"},
	{[]string{"arch"}, "sudo pacman -S", "sudo pacman -R", "go", "gcc"},
	{[]string{"alpine"}, "sudo apk add", "sudo apk del", "go", "gcc musl-dev"},
	{[]string{"suse", "opensuse"}, "sudo zypper install", "sudo zypper remove", "go", "gcc"},
}

// distro returns the index in distros of this Linux distribution, or -1.
func (sys *System) distro() int {
	rel := sys.osRelease()
	ids := append([]string{rel["ID"]}, strings.Fields(rel["ID_LIKE"])...)
	for i, d := range distros {
		for _, id := range ids {
			for _, known := range d.ids {
				if id == known {
					return i
				}
			}
		}
	}
	return -1
}

// removeDistroGo is the command that removes the distribution's go
// package, pkg if known (golang-1.21-go), else its usual name.
func (sys *System) removeDistroGo(pkg string) string {
	i := sys.distro()
	if i < 0 {
		return "remove your distribution's go package"
	}
	if pkg == "" {
		pkg = distros[i].goPkg
	}
	return distros[i].remove + " " + pkg
}

// installCC is the command that installs a C compiler.
func (sys *System) installCC() string {
	if sys.Platform.OS == "darwin" {
		return "xcode-select --install"
	}
	if i := sys.distro(); i >= 0 {
		return distros[i].install + " " + distros[i].ccPkg
	}
	return "install gcc or clang with your system's package manager"
}
