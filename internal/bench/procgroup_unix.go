//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel puts cmd in a process group of its own and makes cancelling its
// context kill the whole group, so that a launcher's child dies with it.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// keepFromChildren marks fd close-on-exec, so that the launcher's report pipe does
// not leak into the measured process.
func keepFromChildren(fd int) { syscall.CloseOnExec(fd) }
