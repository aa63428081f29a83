import { Injectable } from '@nestjs/common';
import { systemResolve, type Resolve } from './address-guard.js';

/** The DNS lookups of the address guard (at save and at send), behind one seam. */
@Injectable()
export class HostResolver {
  resolve: Resolve = systemResolve;
}
