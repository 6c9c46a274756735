// Method 2's Squid config and client setting, exactly as the guide prints them (方法2).

export const GUIDE_SQUID = `# squid.conf(リンクローカルにバインド)
http_port [fe80::1%eth0]:3128
acl localv6 localnet
http_access allow localv6`;

export const GUIDE_BROWSER_PROXY = 'http://[fe80::1%eth0]:3128';
