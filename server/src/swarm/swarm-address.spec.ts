import { hostPort, isIPv6, listenAddress, unbracket } from './swarm-address.js';

describe('swarm addresses', () => {
  describe(hostPort.name, () => {
    it('should bracket an IPv6 address before the port', () => {
      expect(hostPort('fd77::11')).toBe('[fd77::11]:2377');
      expect(hostPort('2001:db8::1', 7946)).toBe('[2001:db8::1]:7946');
      expect(hostPort('::1')).toBe('[::1]:2377');
    });

    it('should not bracket twice', () => {
      expect(hostPort('[fd77::11]')).toBe('[fd77::11]:2377');
    });

    it('should keep a zone inside the brackets', () => {
      expect(hostPort('fe80::1%eth0')).toBe('[fe80::1%eth0]:2377');
    });

    it('should leave IPv4 addresses and names as they are', () => {
      expect(hostPort('10.77.0.11')).toBe('10.77.0.11:2377');
      expect(hostPort('manager-1.example.com')).toBe('manager-1.example.com:2377');
    });
  });

  describe(isIPv6.name, () => {
    it('should tell IPv6 from IPv4 and names', () => {
      expect(isIPv6('fd77::11')).toBe(true);
      expect(isIPv6('[fd77::11]')).toBe(true);
      expect(isIPv6('fe80::1%eth0')).toBe(true);
      expect(isIPv6('10.77.0.11')).toBe(false);
      expect(isIPv6('otn1')).toBe(false);
      expect(isIPv6('fd77::11:2377:zz')).toBe(false);
    });
  });

  describe(unbracket.name, () => {
    it('should take the brackets off an IPv6 address only', () => {
      expect(unbracket('[fd77::11]')).toBe('fd77::11');
      expect(unbracket('fd77::11')).toBe('fd77::11');
      expect(unbracket('10.77.0.11')).toBe('10.77.0.11');
    });
  });

  describe(listenAddress.name, () => {
    it('should listen on the wildcard of the advertised address family', () => {
      expect(listenAddress('fd77::11')).toBe('[::]:2377');
      expect(listenAddress('10.77.0.11')).toBe('0.0.0.0:2377');
      expect(listenAddress('manager-1.example.com')).toBe('0.0.0.0:2377');
    });
  });
});
