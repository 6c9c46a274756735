// Method 2's Dante config, exactly as the guide prints it (方法2, SOCKS5 例).

export const GUIDE_DANTE = `# /etc/danted.conf(要件に合わせて調整)
logoutput: /var/log/danted.log
internal: [fe80::1%eth0] port = 1080
external: eth1  # IPv4 アップリンク側
method: username none
clientmethod: none
user.notprivileged: nobody`;
