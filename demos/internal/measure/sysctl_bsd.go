//go:build darwin || freebsd || netbsd || openbsd

package measure

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

func sysctlModel() string {
	for _, name := range []string{"machdep.cpu.brand_string", "hw.model"} {
		if s, err := unix.Sysctl(name); err == nil && s != "" {
			return s
		}
	}
	return ""
}

// sysctlLoad1 reads vm.loadavg: struct loadavg { fixpt_t ldavg[3]; long fscale; }.
func sysctlLoad1() (float64, bool) {
	b, err := unix.SysctlRaw("vm.loadavg")
	if err != nil || len(b) < 16 {
		return 0, false
	}
	ld := binary.NativeEndian.Uint32(b[0:4])
	var scale uint64
	if len(b) >= 24 {
		scale = binary.NativeEndian.Uint64(b[16:24])
	} else {
		scale = uint64(binary.NativeEndian.Uint32(b[12:16]))
	}
	if scale == 0 {
		return 0, false
	}
	return float64(ld) / float64(scale), true
}
