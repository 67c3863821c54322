//go:build !linux && !darwin

package main

import (
	"errors"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
)

const threadsUnavailable = "blocking system calls are shown on Linux and macOS only"

func lockThread() {}

func blockingDo(task, string, func(func())) (uint64, error) { return 0, errors.New(threadsUnavailable) }

func request(func(eventloop.Wait) bool, string, uint64) (uint64, error) {
	return 0, eventloop.ErrUnavailable
}

type limits struct{ nofile, somaxconn uint64 }

const fdMargin = 64

func (l limits) tasks() int { return 1 << 20 }

func checkLimits() limits { return limits{} }
