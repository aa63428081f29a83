import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiPropertyOptional({ description: 'The field or part of the input this detail is about.' })
  field?: string;

  @ApiProperty()
  message: string;
}

export class ErrorPayloadDto {
  @ApiProperty({ example: 'validation_failed' })
  code: string;

  @ApiProperty({ example: 'name: must not be empty' })
  message: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details: ErrorDetailDto[];
}

/** Every failure answers with this body. */
export class ErrorBodyDto {
  @ApiProperty({ type: ErrorPayloadDto })
  error: ErrorPayloadDto;
}
