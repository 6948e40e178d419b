package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"codong/controller"
	"codong/controller/staff"
	"codong/controller/store"
	"codong/internal/seedtest"
	"codong/player"
)

// writePrivateCA makes a private CA and a certificate for 127.0.0.1
// signed by it, as a district IT office would, and returns the files.
func writePrivateCA(t *testing.T, dir string) (caFile, certFile, keyFile string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "CA Trung tâm VHTT thử nghiệm"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "codong"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("ca.pem", "CERTIFICATE", caDER), write("cert.pem", "CERTIFICATE", leafDER), write("key.pem", "EC PRIVATE KEY", keyDER)
}

func freeLoopbackAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestPlayerTrustsPrivateCA: the controller serves HTTPS with a
// certificate from a private CA; a player given that CA with --ca plays.
func TestPlayerTrustsPrivateCA(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	caFile, certFile, keyFile := writePrivateCA(t, dir)
	data := filepath.Join(dir, "data")
	addr := freeLoopbackAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- controller.Run(ctx, controller.Config{
			Addr: addr, DataDir: data, TLSCert: certFile, TLSKey: keyFile,
			AdminPassword: "mật khẩu thử nghiệm đủ dài", PasswordIterations: 1000,
			Logger: testLogger(t), Announce: func(s string) { t.Log(s) },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("controller: %v", err)
		}
	})
	waitListening(t, addr)
	pool := x509.NewCertPool()
	if ca, err := os.ReadFile(caFile); err != nil || !pool.AppendCertsFromPEM(ca) {
		t.Fatalf("the test CA: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	// The port listens before the controller has seeded its database;
	// it answers once it has, and only then is the first run made beside it.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := client.Get("https://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the controller does not answer over HTTPS: %v", err)
		}
	}
	st, err := controller.OpenStore(ctx, data, "")
	if err != nil {
		t.Fatal(err)
	}
	// The first run beside the running controller, and its approval by a
	// second person through the controller itself, over HTTPS.
	if err := seedtest.SetUp(ctx, st); err != nil {
		t.Fatal(err)
	}
	admin, _, err := staff.CreateAPIToken(ctx, st, cliActor, "tls", "admin,editor,operator", 0)
	if err != nil {
		t.Fatal(err)
	}
	approver, _, err := staff.CreateAPIToken(ctx, st, cliActor, "tls phê duyệt", "approver", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := staff.AddBoard(ctx, st, cliActor, store.Board{Name: "Bảng qua HTTPS", Width: 192, Height: 64})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	a := &harness{t: t, srv: &httptest.Server{URL: "https://" + addr}, token: admin, approver: approver, client: client}
	a.approveAll()
	frame := filepath.Join(dir, "frame.png")
	runPlayerWith(t, "https://"+addr, dir, frame, player.Config{Token: token, CAFile: caFile})
	waitFrameExists(t, frame)
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("controller never listened on %s", addr)
}
