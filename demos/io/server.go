package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// region server

// server is a loopback TCP server that reads an 8-byte task id, waits its
// delay, and answers reply(id): the far end of every task's I/O.
type server struct {
	ln    net.Listener
	delay time.Duration
	conns sync.WaitGroup
}

// startServer listens on a free loopback port and serves until Close.
func startServer(delay time.Duration) (*server, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the server: %w", err)
	}
	s := &server{ln: ln, delay: delay}
	s.conns.Go(s.serve)
	return s, nil
}

func (s *server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.conns.Go(func() { s.answer(c) })
	}
}

func (s *server) answer(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second)) // a stuck client cannot keep Close waiting
	var buf [8]byte
	if _, err := io.ReadFull(c, buf[:]); err != nil {
		return
	}
	time.Sleep(s.delay)
	binary.BigEndian.PutUint64(buf[:], reply(binary.BigEndian.Uint64(buf[:])))
	c.Write(buf[:])
}

// endregion

// Addr returns the address clients dial, "127.0.0.1:PORT".
func (s *server) Addr() string { return s.ln.Addr().String() }

// Close stops listening and waits for the connections in progress.
func (s *server) Close() error {
	err := s.ln.Close()
	s.conns.Wait()
	return err
}

// ask sends task id to the server at addr with Go's net package (the
// goroutine parks in the runtime's network poller) and returns the reply.
func ask(addr string, id uint64) (uint64, error) {
	c, err := net.Dial("tcp4", addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], id)
	if _, err := c.Write(buf[:]); err != nil {
		return 0, err
	}
	if _, err := io.ReadFull(c, buf[:]); err != nil {
		return 0, fmt.Errorf("reading the reply to task %d: %w", id, err)
	}
	return binary.BigEndian.Uint64(buf[:]), nil
}
