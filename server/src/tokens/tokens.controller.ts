import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scope } from '../auth/scope.js';
import { CreateTokenDto, CreatedTokenDto, TokenDto } from './token.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('tokens')
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @Scope('admin')
  @ApiOperation({ summary: 'Create an API token; the response is the only time the token is shown' })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @ApiConflictResponse({ description: 'A token with that name exists' })
  createToken(@Body() body: CreateTokenDto): Promise<CreatedTokenDto> {
    return this.tokens.create(body);
  }

  @Get()
  @Scope('admin')
  @ApiOperation({ summary: 'API tokens: name, scopes, stacks, created, last used, expiry, revoked (never the token)' })
  @ApiOkResponse({ type: [TokenDto] })
  listTokens(): Promise<TokenDto[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @Scope('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: it stops working at once, and so do dashboard sessions opened with it' })
  @ApiNoContentResponse()
  revokeToken(@Param('id') id: string): Promise<void> {
    return this.tokens.revoke(id);
  }
}
