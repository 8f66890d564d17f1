package release

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gov-dev/gov/pkg/hint"
)

// maxFile bounds each file of an archive once unpacked.
const maxFile = 256 << 20

// Unpack returns the contents of the programs in data, a release archive
// (tar.gz) whose hash was checked. The archive must hold exactly Files,
// each a regular file at the top and each once: anything else (a
// directory, a link, a path, a device, another file) means it is not a
// gov release, and nothing of it is used.
func Unpack(data []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a gzip archive: %v", err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read archive: %v", err)
		}
		name := hdr.Name
		switch {
		case !slices.Contains(Files, name):
			return nil, fmt.Errorf("the archive holds %s, which a gov release does not (%s)", hint.Quote(name), want())
		case hdr.Typeflag != tar.TypeReg:
			return nil, fmt.Errorf("the archive's %s is not a regular file (type %s)", name, hint.Quote(string(hdr.Typeflag)))
		case seen[name]:
			return nil, fmt.Errorf("the archive holds %s twice", name)
		case hdr.Size > maxFile:
			return nil, fmt.Errorf("the archive's %s is %d bytes, more than any gov program", name, hdr.Size)
		}
		seen[name] = true
		body, err := io.ReadAll(io.LimitReader(tr, maxFile+1))
		if err != nil {
			return nil, fmt.Errorf("read archive: %s: %v", name, err)
		}
		if slices.Contains(Programs, name) {
			if len(body) == 0 {
				return nil, fmt.Errorf("the archive's %s is empty", name)
			}
			files[name] = body
		}
	}
	var missing []string
	for _, name := range Files {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, errors.New("the archive lacks " + strings.Join(missing, ", ") + " (" + want() + ")")
	}
	return files, nil
}

func want() string { return "want exactly " + strings.Join(Files, ", ") }
